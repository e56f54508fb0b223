"""Case text encrypted in the database: the columns become unbounded text, then every existing
row is rewritten encrypted (reversed: decrypted back to plaintext)."""

import article3.fieldcrypt
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('chronology', '0003_statementreview'),
    ]

    operations = [
        migrations.AlterField(
            model_name='account',
            name='interview',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='account',
            name='place',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='account',
            name='quote',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='domesticremedy',
            name='consequence',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='domesticremedy',
            name='description',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='event',
            name='actors',
            field=article3.fieldcrypt.EncryptedJSONField(blank=True, default=list),
        ),
        migrations.AlterField(
            model_name='event',
            name='description',
            field=article3.fieldcrypt.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name='event',
            name='place',
            field=article3.fieldcrypt.EncryptedCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='event',
            name='title',
            field=article3.fieldcrypt.EncryptedCharField(max_length=300),
        ),
        article3.fieldcrypt.encrypt_rows("chronology", {
            "account": ["interview", "place", "quote"],
            "domesticremedy": ["consequence", "description"],
            "event": ["actors", "description", "place", "title"],
        }),
    ]
