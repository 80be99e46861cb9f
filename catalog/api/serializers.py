from django.contrib.auth import get_user_model
from rest_framework import serializers

from catalog.models import DataSource
from catalog.roles import user_role


class CurrentUserSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name", "email", "role"]

    def get_role(self, user) -> str | None:
        return user_role(user)


class DataSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataSource
        fields = ["id", "name", "slug", "description", "engine", "url", "created_at", "updated_at"]
