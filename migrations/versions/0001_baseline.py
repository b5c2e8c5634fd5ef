"""baseline

Revision ID: 0001
Revises:
Create Date: 2026-11-22 04:34:43.618001
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('experience_question',
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experience_question'))
    )
    op.create_table('organisation',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.Enum('gp_practice', 'community_nursing', 'hospital_specialist', 'mental_health', 'social_care', 'housing', 'pharmacy', 'voluntary_sector', 'other', name='sector', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('uid', name=op.f('uq_organisation_uid'))
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_name'), ['name'], unique=False)

    op.create_table('person',
    sa.Column('nhs_number', sa.String(length=10), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('preferred_name', sa.String(length=100), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('gp_practice', sa.String(length=200), nullable=True),
    sa.Column('team', sa.String(length=100), nullable=True),
    sa.Column('frailty', sa.Enum('fit', 'mild', 'moderate', 'severe', name='frailty', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('priority', sa.Enum('high', 'medium', 'low', name='priority', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('status', sa.Enum('active', 'discharged', 'deceased', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status_changed_on', sa.Date(), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('preferred_language', sa.String(length=60), nullable=True),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('large_print', sa.Boolean(), nullable=False),
    sa.Column('easy_read', sa.Boolean(), nullable=False),
    sa.Column('hearing_needs', sa.Text(), nullable=True),
    sa.Column('sight_needs', sa.Text(), nullable=True),
    sa.Column('decision_support', sa.Text(), nullable=True),
    sa.Column('about_interests', sa.Text(), nullable=True),
    sa.Column('about_routines', sa.Text(), nullable=True),
    sa.Column('about_daily_life', sa.Text(), nullable=True),
    sa.Column('health_budget_note', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('nhs_number', name=op.f('uq_person_nhs_number')),
    sa.UniqueConstraint('uid', name=op.f('uq_person_uid'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_family_given', ['family_name', 'given_name'], unique=False)
        batch_op.create_index('ix_person_status', ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_team'), ['team'], unique=False)

    op.create_table('reading_kind',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('two_values', sa.Boolean(), nullable=False),
    sa.Column('plausible_min', sa.Float(), nullable=False),
    sa.Column('plausible_max', sa.Float(), nullable=False),
    sa.Column('usual_min', sa.Float(), nullable=False),
    sa.Column('usual_max', sa.Float(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reading_kind')),
    sa.UniqueConstraint('code', name=op.f('uq_reading_kind_code'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('store_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_store_meta'))
    )
    op.create_table('alert',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('safeguarding', 'risk_to_staff', 'clinical', 'other', name='kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_alert_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert')),
    sa.UniqueConstraint('uid', name=op.f('uq_alert_uid'))
    )
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_person_id'), ['person_id'], unique=False)

    op.create_table('carer',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('relationship', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('consent_to_involve', sa.Boolean(), nullable=False),
    sa.Column('consent_recorded_on', sa.Date(), nullable=True),
    sa.Column('nominated', sa.Boolean(), nullable=False),
    sa.Column('own_needs', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_carer_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_carer')),
    sa.UniqueConstraint('uid', name=op.f('uq_carer_uid'))
    )
    with op.batch_alter_table('carer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carer_person_id'), ['person_id'], unique=False)

    op.create_table('condition',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('snomed_code', sa.String(length=20), nullable=True),
    sa.Column('onset_date', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('active', 'remission', 'resolved', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_condition_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition')),
    sa.UniqueConstraint('uid', name=op.f('uq_condition_uid'))
    )
    with op.batch_alter_table('condition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_person_id'), ['person_id'], unique=False)

    op.create_table('person_cohort',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('cohort', sa.String(length=60), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_cohort_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_cohort')),
    sa.UniqueConstraint('person_id', 'cohort', name=op.f('uq_person_cohort_person_id_cohort'))
    )
    with op.batch_alter_table('person_cohort', schema=None) as batch_op:
        batch_op.create_index('ix_person_cohort_cohort', ['cohort'], unique=False)

    op.create_table('professional',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('sector', sa.Enum('gp_practice', 'community_nursing', 'hospital_specialist', 'mental_health', 'social_care', 'housing', 'pharmacy', 'voluntary_sector', 'other', name='sector', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('out_of_hours', sa.String(length=200), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_professional_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_professional')),
    sa.UniqueConstraint('uid', name=op.f('uq_professional_uid'))
    )
    with op.batch_alter_table('professional', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_professional_name'), ['name'], unique=False)

    op.create_table('appointment',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('mode', sa.Enum('home_visit', 'clinic', 'phone', 'video', name='mode', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('professional_id', sa.Integer(), nullable=True),
    sa.Column('with_name', sa.String(length=200), nullable=True),
    sa.Column('purpose', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('booked', 'attended', 'did_not_attend', 'cancelled_by_person', 'cancelled_by_service', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('transport_needs', sa.Text(), nullable=True),
    sa.Column('access_needs', sa.Text(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_appointment_person_id_person')),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], name=op.f('fk_appointment_professional_id_professional')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment')),
    sa.UniqueConstraint('uid', name=op.f('uq_appointment_uid'))
    )
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index('ix_appointment_person_starts', ['person_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_appointment_professional_starts', ['professional_id', 'starts_at'], unique=False)

    op.create_table('care_plan',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('offered', 'declined', 'draft', 'agreed', 'under_review', 'superseded', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('offered_on', sa.Date(), nullable=True),
    sa.Column('declined_on', sa.Date(), nullable=True),
    sa.Column('declined_note', sa.Text(), nullable=True),
    sa.Column('review_started_on', sa.Date(), nullable=True),
    sa.Column('superseded_on', sa.Date(), nullable=True),
    sa.Column('person_agreed_on', sa.Date(), nullable=True),
    sa.Column('person_agreed_by', sa.String(length=200), nullable=True),
    sa.Column('agreement_method', sa.Enum('signed', 'verbal', 'representative', 'lpa', name='agreement_method', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('lead_agreed_on', sa.Date(), nullable=True),
    sa.Column('lead_professional_id', sa.Integer(), nullable=True),
    sa.Column('agreed_on', sa.Date(), nullable=True),
    sa.Column('review_months', sa.Integer(), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('what_matters', sa.Text(), nullable=False),
    sa.Column('if_green', sa.Text(), nullable=False),
    sa.Column('if_amber', sa.Text(), nullable=False),
    sa.Column('if_red', sa.Text(), nullable=False),
    sa.Column('in_hours_contact', sa.Text(), nullable=False),
    sa.Column('out_of_hours_contact', sa.Text(), nullable=False),
    sa.Column('crisis_numbers', sa.Text(), nullable=False),
    sa.Column('self_management', sa.Text(), nullable=False),
    sa.Column('self_monitoring', sa.Text(), nullable=False),
    sa.Column('medicines', sa.Text(), nullable=False),
    sa.Column('equipment', sa.Text(), nullable=False),
    sa.Column('preferred_place_of_care', sa.Text(), nullable=False),
    sa.Column('respect_form', sa.Boolean(), nullable=False),
    sa.Column('respect_form_location', sa.Text(), nullable=False),
    sa.Column('advance_care_plan', sa.Boolean(), nullable=False),
    sa.Column('advance_care_plan_location', sa.Text(), nullable=False),
    sa.Column('lasting_power_of_attorney', sa.Boolean(), nullable=False),
    sa.Column('lasting_power_of_attorney_location', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lead_professional_id'], ['professional.id'], name=op.f('fk_care_plan_lead_professional_id_professional')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_care_plan_person_id_person')),
    sa.ForeignKeyConstraint(['previous_id'], ['care_plan.id'], name=op.f('fk_care_plan_previous_id_care_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_plan')),
    sa.UniqueConstraint('person_id', 'number', name=op.f('uq_care_plan_person_id_number')),
    sa.UniqueConstraint('uid', name=op.f('uq_care_plan_uid'))
    )
    with op.batch_alter_table('care_plan', schema=None) as batch_op:
        batch_op.create_index('ix_care_plan_current', ['person_id', 'is_current'], unique=False)
        batch_op.create_index('ix_care_plan_review', ['is_current', 'review_date'], unique=False)
        batch_op.create_index('uq_care_plan_one_current', ['person_id'], unique=True, sqlite_where=sa.text('is_current = 1'), postgresql_where=sa.text('is_current'))

    op.create_table('care_team_member',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('member_type', sa.Enum('core', 'as_required', name='member_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_care_team_member_person_id_person')),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], name=op.f('fk_care_team_member_professional_id_professional')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_team_member')),
    sa.UniqueConstraint('uid', name=op.f('uq_care_team_member_uid'))
    )
    with op.batch_alter_table('care_team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_team_member_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_team_member_professional_id'), ['professional_id'], unique=False)

    op.create_table('referral',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('urgency', sa.Enum('routine', 'urgent', 'two_week_wait', name='urgency', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('seen_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('awaiting', 'accepted', 'seen', 'declined', 'cancelled', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('referred_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_referral_person_id_person')),
    sa.ForeignKeyConstraint(['referred_by'], ['professional.id'], name=op.f('fk_referral_referred_by_professional')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    sa.UniqueConstraint('uid', name=op.f('uq_referral_uid'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_person_id'), ['person_id'], unique=False)

    op.create_table('user_account',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('clinician', 'coordinator', 'huddle_viewer', 'admin', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('last_failed_at', sa.DateTime(), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], name=op.f('fk_user_account_professional_id_professional')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    op.create_table('appointment_change',
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('old_starts_at', sa.DateTime(), nullable=False),
    sa.Column('new_starts_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_appointment_change_appointment_id_appointment')),
    sa.ForeignKeyConstraint(['changed_by'], ['user_account.id'], name=op.f('fk_appointment_change_changed_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment_change'))
    )
    with op.batch_alter_table('appointment_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointment_change_appointment_id'), ['appointment_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_audit_event_person_id_person')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_audit_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_person_at', ['person_id', 'at'], unique=False)

    op.create_table('consent_to_share',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('recipient_kind', sa.Enum('organisation', 'person', name='recipient_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('method', sa.Enum('verbal', 'written', 'representative', name='method', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdrawn_note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_consent_to_share_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_consent_to_share_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_consent_to_share_recorded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_to_share')),
    sa.UniqueConstraint('uid', name=op.f('uq_consent_to_share_uid'))
    )
    with op.batch_alter_table('consent_to_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_to_share_person_id'), ['person_id'], unique=False)

    op.create_table('contact_event',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('unplanned_admission', 'ae_attendance', 'call_999', 'gp_contact', 'discharge', 'home_visit', 'other', name='kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('discharged_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_contact_event_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_contact_event_recorded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_event')),
    sa.UniqueConstraint('uid', name=op.f('uq_contact_event_uid'))
    )
    with op.batch_alter_table('contact_event', schema=None) as batch_op:
        batch_op.create_index('ix_contact_event_person_kind_on', ['person_id', 'kind', 'occurred_on'], unique=False)

    op.create_table('experience_answer',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_experience_answer_person_id_person')),
    sa.ForeignKeyConstraint(['plan_id'], ['care_plan.id'], name=op.f('fk_experience_answer_plan_id_care_plan')),
    sa.ForeignKeyConstraint(['question_id'], ['experience_question.id'], name=op.f('fk_experience_answer_question_id_experience_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experience_answer'))
    )
    with op.batch_alter_table('experience_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experience_answer_person_id'), ['person_id'], unique=False)

    op.create_table('export_record',
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.Enum('pdf', 'fhir', 'ics', 'csv', 'record', 'backup', name='kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('people_count', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_export_record_person_id_person')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_export_record_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_record'))
    )
    with op.batch_alter_table('export_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_record_person_id'), ['person_id'], unique=False)

    op.create_table('goal',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('lineage', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('person_words', sa.Text(), nullable=False),
    sa.Column('domain', sa.Enum('physical_health', 'mental_wellbeing', 'social', 'understanding_conditions', 'care_arrangements', 'lifestyle', name='domain', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('target_from', sa.Date(), nullable=True),
    sa.Column('target_to', sa.Date(), nullable=True),
    sa.Column('lifecycle', sa.Enum('proposed', 'active', 'on-hold', 'completed', 'cancelled', name='lifecycle', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('achievement', sa.Enum('in-progress', 'improving', 'worsening', 'no-change', 'achieved', 'not-achieved', name='achievement', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['care_plan.id'], name=op.f('fk_goal_plan_id_care_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal')),
    sa.UniqueConstraint('uid', name=op.f('uq_goal_uid'))
    )
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_lineage'), ['lineage'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_plan_id'), ['plan_id'], unique=False)

    op.create_table('goal_rating',
    sa.Column('goal_lineage', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('rated_on', sa.Date(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('at_review', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_goal_rating_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_goal_rating_recorded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_rating'))
    )
    with op.batch_alter_table('goal_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_rating_goal_lineage'), ['goal_lineage'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_rating_person_id'), ['person_id'], unique=False)

    op.create_table('huddle',
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_huddle_created_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_huddle')),
    sa.UniqueConstraint('uid', name=op.f('uq_huddle_uid'))
    )
    op.create_table('lead_assignment',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('handover_note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_lead_assignment_person_id_person')),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], name=op.f('fk_lead_assignment_professional_id_professional')),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_lead_assignment_recorded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_assignment')),
    sa.UniqueConstraint('uid', name=op.f('uq_lead_assignment_uid'))
    )
    with op.batch_alter_table('lead_assignment', schema=None) as batch_op:
        batch_op.create_index('ix_lead_assignment_professional_open', ['professional_id', 'ended_on'], unique=False)
        batch_op.create_index('uq_lead_assignment_one_open', ['person_id'], unique=True, sqlite_where=sa.text('ended_on IS NULL'), postgresql_where=sa.text('ended_on IS NULL'))

    op.create_table('lifestyle_check',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('smoking', sa.Enum('never', 'ex_smoker', 'current', 'not_asked', name='smoking', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('alcohol_units_week', sa.Float(), nullable=True),
    sa.Column('activity', sa.Enum('inactive', 'moderately_inactive', 'moderately_active', 'active', name='activity', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('height_cm', sa.Float(), nullable=True),
    sa.Column('weight_kg', sa.Float(), nullable=True),
    sa.Column('bmi', sa.Float(), nullable=True),
    sa.Column('diet_note', sa.Text(), nullable=True),
    sa.Column('wellbeing_score', sa.Integer(), nullable=True),
    sa.Column('wellbeing_note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_lifestyle_check_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_lifestyle_check_recorded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lifestyle_check')),
    sa.UniqueConstraint('uid', name=op.f('uq_lifestyle_check_uid'))
    )
    with op.batch_alter_table('lifestyle_check', schema=None) as batch_op:
        batch_op.create_index('ix_lifestyle_check_person_on', ['person_id', 'checked_on'], unique=False)

    op.create_table('reading',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('value2', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kind_id'], ['reading_kind.id'], name=op.f('fk_reading_kind_id_reading_kind')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_reading_person_id_person')),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_reading_recorded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reading')),
    sa.UniqueConstraint('uid', name=op.f('uq_reading_uid'))
    )
    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.create_index('ix_reading_person_kind_at', ['person_id', 'kind_id', 'taken_at'], unique=False)

    op.create_table('action',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('lineage', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('person', 'team', name='side', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_kind', sa.Enum('person', 'carer', 'team_member', name='owner_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('owner_name', sa.String(length=200), nullable=False),
    sa.Column('owner_professional_id', sa.Integer(), nullable=True),
    sa.Column('due_from', sa.Date(), nullable=True),
    sa.Column('due_to', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('not_started', 'in_progress', 'done', 'cancelled', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_action_goal_id_goal')),
    sa.ForeignKeyConstraint(['owner_professional_id'], ['professional.id'], name=op.f('fk_action_owner_professional_id_professional')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action')),
    sa.UniqueConstraint('uid', name=op.f('uq_action_uid'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_goal_id'), ['goal_id'], unique=False)

    op.create_table('brief_intervention',
    sa.Column('check_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.Enum('smoking', 'alcohol', 'activity', 'diet_weight', 'wellbeing', name='topic', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('advice', sa.Text(), nullable=True),
    sa.Column('leaflet_given', sa.Boolean(), nullable=False),
    sa.Column('service', sa.Enum('stop_smoking', 'weight_management', 'alcohol', 'exercise', 'talking_therapies', name='service', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('referral', sa.Enum('not_offered', 'accepted', 'declined', name='referral', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['check_id'], ['lifestyle_check.id'], name=op.f('fk_brief_intervention_check_id_lifestyle_check')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brief_intervention'))
    )
    with op.batch_alter_table('brief_intervention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brief_intervention_check_id'), ['check_id'], unique=False)

    op.create_table('huddle_item',
    sa.Column('huddle_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['huddle_id'], ['huddle.id'], name=op.f('fk_huddle_item_huddle_id_huddle')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_huddle_item_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_huddle_item'))
    )
    with op.batch_alter_table('huddle_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_huddle_item_huddle_id'), ['huddle_id'], unique=False)

    op.create_table('task',
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('owner_professional_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due_from', sa.Date(), nullable=True),
    sa.Column('due_to', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('open', 'done', 'cancelled', name='status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('source', sa.Enum('manual', 'discharge_follow_up', 'huddle', name='source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('contact_event_id', sa.Integer(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_event_id'], ['contact_event.id'], name=op.f('fk_task_contact_event_id_contact_event')),
    sa.ForeignKeyConstraint(['owner_professional_id'], ['professional.id'], name=op.f('fk_task_owner_professional_id_professional')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_task_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task')),
    sa.UniqueConstraint('uid', name=op.f('uq_task_uid'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index('ix_task_owner_status', ['owner_professional_id', 'status', 'due_to'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_person_id'), ['person_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_person_id'))
        batch_op.drop_index('ix_task_owner_status')

    op.drop_table('task')
    with op.batch_alter_table('huddle_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_huddle_item_huddle_id'))

    op.drop_table('huddle_item')
    with op.batch_alter_table('brief_intervention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brief_intervention_check_id'))

    op.drop_table('brief_intervention')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_goal_id'))

    op.drop_table('action')
    with op.batch_alter_table('reading', schema=None) as batch_op:
        batch_op.drop_index('ix_reading_person_kind_at')

    op.drop_table('reading')
    with op.batch_alter_table('lifestyle_check', schema=None) as batch_op:
        batch_op.drop_index('ix_lifestyle_check_person_on')

    op.drop_table('lifestyle_check')
    with op.batch_alter_table('lead_assignment', schema=None) as batch_op:
        batch_op.drop_index('uq_lead_assignment_one_open', sqlite_where=sa.text('ended_on IS NULL'), postgresql_where=sa.text('ended_on IS NULL'))
        batch_op.drop_index('ix_lead_assignment_professional_open')

    op.drop_table('lead_assignment')
    op.drop_table('huddle')
    with op.batch_alter_table('goal_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_rating_person_id'))
        batch_op.drop_index(batch_op.f('ix_goal_rating_goal_lineage'))

    op.drop_table('goal_rating')
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_plan_id'))
        batch_op.drop_index(batch_op.f('ix_goal_lineage'))

    op.drop_table('goal')
    with op.batch_alter_table('export_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_record_person_id'))

    op.drop_table('export_record')
    with op.batch_alter_table('experience_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experience_answer_person_id'))

    op.drop_table('experience_answer')
    with op.batch_alter_table('contact_event', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_event_person_kind_on')

    op.drop_table('contact_event')
    with op.batch_alter_table('consent_to_share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_to_share_person_id'))

    op.drop_table('consent_to_share')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_person_at')

    op.drop_table('audit_event')
    with op.batch_alter_table('appointment_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointment_change_appointment_id'))

    op.drop_table('appointment_change')
    op.drop_table('user_account')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_person_id'))

    op.drop_table('referral')
    with op.batch_alter_table('care_team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_care_team_member_professional_id'))
        batch_op.drop_index(batch_op.f('ix_care_team_member_person_id'))

    op.drop_table('care_team_member')
    with op.batch_alter_table('care_plan', schema=None) as batch_op:
        batch_op.drop_index('uq_care_plan_one_current', sqlite_where=sa.text('is_current = 1'), postgresql_where=sa.text('is_current'))
        batch_op.drop_index('ix_care_plan_review')
        batch_op.drop_index('ix_care_plan_current')

    op.drop_table('care_plan')
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_index('ix_appointment_professional_starts')
        batch_op.drop_index('ix_appointment_person_starts')

    op.drop_table('appointment')
    with op.batch_alter_table('professional', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_professional_name'))

    op.drop_table('professional')
    with op.batch_alter_table('person_cohort', schema=None) as batch_op:
        batch_op.drop_index('ix_person_cohort_cohort')

    op.drop_table('person_cohort')
    with op.batch_alter_table('condition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_condition_person_id'))

    op.drop_table('condition')
    with op.batch_alter_table('carer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carer_person_id'))

    op.drop_table('carer')
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_person_id'))

    op.drop_table('alert')
    op.drop_table('store_meta')
    op.drop_table('setting')
    op.drop_table('reading_kind')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_team'))
        batch_op.drop_index('ix_person_status')
        batch_op.drop_index('ix_person_family_given')

    op.drop_table('person')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_name'))

    op.drop_table('organisation')
    op.drop_table('experience_question')
