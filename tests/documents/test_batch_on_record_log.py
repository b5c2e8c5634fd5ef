"""A batch print holding several people shows on each person's own export log."""

from carecoord.services import printing, sharing


def test_batch_print_is_on_each_persons_export_log(ctx, person, rich, tmp_path):
    result = printing.render_batch(ctx, [person.id], tmp_path / "visits.pdf",
                                   printing.Layout.STANDARD)
    assert result.paths
    lines = sharing.export_log(ctx, person.id)
    assert any(line.file_name == "visits.pdf" for line in lines)
