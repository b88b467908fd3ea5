# The dashboards app starts without tables; the reality check and supervision add theirs.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []
