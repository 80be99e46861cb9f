from rest_framework import serializers, viewsets

from catalog.api.permissions import read_or
from tests.extension_app.models import TableNote


class TableNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = TableNote
        fields = ["id", "table", "text", "mood"]


class TableNoteViewSet(viewsets.ModelViewSet):
    serializer_class = TableNoteSerializer
    permission_classes = [read_or("extension_app.write_notes")]
    queryset = TableNote.objects.all()
