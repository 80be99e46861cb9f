from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.api.serializers import CurrentUserSerializer, DataSourceSerializer
from catalog.models import DataSource


class CurrentUserView(APIView):
    """Who the request is authenticated as, and their role."""

    serializer_class = CurrentUserSerializer

    def get(self, request):
        return Response(CurrentUserSerializer(request.user).data)


class DataSourceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DataSourceSerializer

    def get_queryset(self):
        return DataSource.objects.visible_to(self.request.user)
