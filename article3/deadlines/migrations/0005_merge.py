from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0004_aim_reason_wt-a1"),
        ("deadlines", "0004_encrypt_decision_text_wt-d"),
    ]

    operations = []
