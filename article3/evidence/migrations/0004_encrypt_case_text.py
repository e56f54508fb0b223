"""Case text encrypted in the database: the columns become unbounded text, then every existing
row is rewritten encrypted (reversed: decrypted back to plaintext)."""

import article3.fieldcrypt
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0003_medicalfinding_extra'),
    ]

    operations = [
        migrations.AlterField(
            model_name='document',
            name='author',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='document',
            name='examiner',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='document',
            name='original_name',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=255),
        ),
        migrations.AlterField(
            model_name='document',
            name='qualifications',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='document',
            name='received_from',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='document',
            name='received_how',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='document',
            name='title',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name='document',
            name='translator',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='document',
            name='translator_address',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='document',
            name='translator_competence',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='document',
            name='translator_phone',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=60),
        ),
        migrations.AlterField(
            model_name='documentpage',
            name='text',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='medicalfinding',
            name='attributed_to',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='medicalfinding',
            name='finding',
            field=article3.fieldcrypt.EncryptedTextField(),
        ),
        article3.fieldcrypt.encrypt_rows("evidence", {
            "document": ["author", "examiner", "original_name", "qualifications", "received_from", "received_how", "title", "translator", "translator_address", "translator_competence", "translator_phone"],
            "documentpage": ["text"],
            "medicalfinding": ["attributed_to", "finding"],
        }),
    ]
