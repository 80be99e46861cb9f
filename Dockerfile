# Production image: gunicorn as a non-root user, static files collected at build time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    CATALOG_VAR_DIR=/var/lib/catalog STATIC_ROOT=/app/staticfiles STATIC_MANIFEST=true
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs settings but no database or secrets of the deployment.
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input -v 0 \
 && useradd --system --create-home --home-dir /var/lib/catalog catalog \
 && rm -rf /var/lib/catalog/*

USER catalog
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
