# Senim: the bot, its webhook route and health check. Secrets come from the environment:
#   docker run -e TELEGRAM_BOT_TOKEN=… -e SENIM_SECRET_KEY=… -v senim-data:/data senim
# Without TELEGRAM_BOT_TOKEN it starts the local sandbox on port 8080.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SENIM_DATA_DIR=/data \
    SENIM_WEB_HOST=0.0.0.0 \
    SENIM_SANDBOX_HOST=0.0.0.0

WORKDIR /app
RUN useradd --create-home --uid 10001 senim \
    && mkdir /data \
    && chown senim:senim /data

COPY pyproject.toml README.md config.yaml babel.cfg ./
COPY bot ./bot
COPY handlers ./handlers
COPY db ./db
COPY locales ./locales
RUN pip install --no-cache-dir -e .

USER 10001
VOLUME ["/data"]
EXPOSE 8090 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8090/healthz', timeout=4)"]
CMD ["senim", "run"]
