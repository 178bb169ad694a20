# Production image of the ACTION/Portugal site. Build: docker build -t action-portugal .
# Run: see README.md (SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS are required).
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=action_portugal.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    PORT=8000

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app

WORKDIR /app

# DejaVu Sans for pages' share images (action_portugal.seo.card_drawing).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core=2.37-6 \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, in a layer of their own, from pyproject.toml.
COPY pyproject.toml /app/
COPY scripts/requirements /app/scripts/
RUN python -m venv /opt/venv \
    && python scripts/requirements > /tmp/requirements.txt \
    && pip install --requirement /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . /app
RUN scripts/build-static \
    && mkdir -p /app/media \
    && chown -R app:app /app/media

USER 10001:10001
EXPOSE 8000
VOLUME ["/app/media"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health/' % os.environ.get('PORT', '8000'), timeout=4)"]

# scripts/start runs `manage.py migrate --noinput`, then gunicorn with WEB_CONCURRENCY workers.
CMD ["scripts/start"]
