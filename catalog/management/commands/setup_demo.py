"""Prepare the embedded demo: one user per role, the demo source, and its first crawl."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from catalog.roles import ADMIN, ROLES, sync_roles

DEMO_USERS = {role: (role.lower(), f"{role.lower()}-demo") for role in ROLES}


class Command(BaseCommand):
    help = "Create demo users (one per role), build and register the demo source, and crawl it."

    def handle(self, *args, **options):
        sync_roles()
        users = get_user_model()
        for role, (username, password) in DEMO_USERS.items():
            user, created = users.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.first_name = role
                user.is_staff = user.is_superuser = role == ADMIN
                user.save()
            user.groups.add(Group.objects.get(name=role))
        self.stdout.write("Demo users (username / password):")
        for role, (username, password) in DEMO_USERS.items():
            self.stdout.write(f"  {role:<12} {username} / {password}")
