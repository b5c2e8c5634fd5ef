"""The Qt desktop front end. It calls services in carecoord; the core never imports it."""
