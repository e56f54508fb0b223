"""Case text encrypted in the database: the columns become unbounded text, then every existing
row is rewritten encrypted (reversed: decrypted back to plaintext)."""

import article3.fieldcrypt
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_case_exhibit_order'),
    ]

    operations = [
        migrations.AlterField(
            model_name='applicant',
            name='background',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='applicant',
            name='birth_date',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=40),
        ),
        migrations.AlterField(
            model_name='applicant',
            name='name',
            field=article3.fieldcrypt.EncryptedCharField(max_length=200),
        ),
        migrations.AlterField(
            model_name='applicant',
            name='other_names',
            field=article3.fieldcrypt.EncryptedJSONField(blank=True, default=list),
        ),
        migrations.AlterField(
            model_name='case',
            name='no_remedy_reason',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='case',
            name='prior_immigration',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='case',
            name='risk_profile',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='case',
            name='risk_terms',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=500),
        ),
        migrations.AlterField(
            model_name='fearedagent',
            name='description',
            field=article3.fieldcrypt.EncryptedCharField(max_length=300),
        ),
        migrations.AlterField(
            model_name='fearedagent',
            name='link_to_officials',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='person',
            name='name',
            field=article3.fieldcrypt.EncryptedCharField(max_length=200),
        ),
        migrations.AlterField(
            model_name='person',
            name='notes',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='person',
            name='relation',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=100),
        ),
        migrations.AlterField(
            model_name='safetyplan',
            name='emergency_contacts',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='safetyplan',
            name='housing_referrals',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='safetyplan',
            name='legal_contacts',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='safetyplan',
            name='medical_referrals',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='safetyplan',
            name='organisation_referrals',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='safetyplan',
            name='originals_location',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='safetyplan',
            name='psychological_referrals',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='safetyplan',
            name='routines',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='safetyplan',
            name='trusted_contacts',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        article3.fieldcrypt.encrypt_rows("cases", {
            "applicant": ["background", "birth_date", "name", "other_names"],
            "case": ["no_remedy_reason", "prior_immigration", "risk_profile", "risk_terms"],
            "fearedagent": ["description", "link_to_officials"],
            "person": ["name", "notes", "relation"],
            "safetyplan": ["emergency_contacts", "housing_referrals", "legal_contacts", "medical_referrals", "organisation_referrals", "originals_location", "psychological_referrals", "routines", "trusted_contacts"],
        }),
    ]
