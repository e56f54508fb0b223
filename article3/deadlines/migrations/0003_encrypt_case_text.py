"""Case text encrypted in the database: the columns become unbounded text, then every existing
row is rewritten encrypted (reversed: decrypted back to plaintext)."""

import article3.fieldcrypt
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('deadlines', '0002_interim_feeds_reminders'),
    ]

    operations = [
        migrations.AlterField(
            model_name='deadline',
            name='note',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='decision',
            name='reasons_note',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='interimrequest',
            name='note',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        article3.fieldcrypt.encrypt_rows("deadlines", {
            "deadline": ["note"],
            "decision": ["reasons_note"],
            "interimrequest": ["note"],
        }),
    ]
