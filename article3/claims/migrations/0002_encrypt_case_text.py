"""Case text encrypted in the database: the columns become unbounded text, then every existing
row is rewritten encrypted (reversed: decrypted back to plaintext)."""

import article3.fieldcrypt
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='fact',
            name='text',
            field=article3.fieldcrypt.EncryptedTextField(),
        ),
        migrations.AlterField(
            model_name='support',
            name='note',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        article3.fieldcrypt.encrypt_rows("claims", {
            "fact": ["text"],
            "support": ["note"],
        }),
    ]
