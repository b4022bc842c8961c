# One image for `wirecopy serve`, `wirecopy worker` and `wirecopy dedup`.
#   docker build -t wirecopy .
#   docker run -p 8000:8000 -e WIRECOPY_REDIS_URL=redis://redis:6379/0 \
#       -e WIRECOPY_API_KEYS=acme:<sha256> wirecopy                     # the API
#   docker run -e WIRECOPY_REDIS_URL=... wirecopy worker                # a worker
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    NUMBA_CACHE_DIR=/tmp/numba-cache
WORKDIR /app

# Dependencies in their own layer: pyproject.toml alone, with empty packages to install.
COPY pyproject.toml README.md ./
RUN mkdir -p wirecopy workers service \
    && touch wirecopy/__init__.py workers/__init__.py service/__init__.py \
    && pip install . && pip uninstall -y wirecopy

COPY wirecopy ./wirecopy
COPY workers ./workers
COPY service ./service
RUN pip install --no-deps . && useradd --create-home --uid 10001 wirecopy
USER wirecopy

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)" || exit 1
ENTRYPOINT ["wirecopy"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
