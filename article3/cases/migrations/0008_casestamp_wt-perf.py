from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_applicant_interpreter_dialect_wt-interp'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseStamp',
            fields=[
                ('case_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('token', models.BigIntegerField()),
            ],
        ),
    ]
