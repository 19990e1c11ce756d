# syntax=docker/dockerfile:1
# The style worker's image (Helm: services.mixing_ml, repository mixdown-mixing-cuda): the mixing
# service with CUDA torch (the style search's differentiable console) and onnxruntime-gpu (the
# controller network), for the GPU node pool. It runs the same module as the CPU mixing image
# (python -m mixdown_mixing); the chart sets MIXDOWN_MIXING_LANE=style so it consumes the style lane.
# Build from the repository root:
#   docker build -f deploy/docker/mixing-cuda.Dockerfile -t ghcr.io/mixdown/mixdown-mixing-cuda:0.1.0 .
# torch is the CUDA 13.0 build from the PyTorch index and onnxruntime-gpu the CUDA 13 build from
# PyPI, matching the CUDA 13.0 / cuDNN runtime of the base image (as the separation image); the
# NVIDIA driver comes from the node. Exactly one onnxruntime is installed: the build fails if the
# CPU package came in as well (onnxruntime falls back to the CPU silently when CUDA is missing).
# Runs as uid 10001 with a read-only root filesystem: it writes only under /tmp and its work dir.

FROM python:3.11.13-slim-bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ARG PYTHON_VERSION=3.11.13
ARG TORCH_VERSION=2.13.0
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cu130
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_NO_CACHE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_INSTALL_DIR=/opt/python \
    UV_PYTHON_PREFERENCE=only-managed
WORKDIR /src
RUN pip install --no-cache-dir uv==0.13.8
COPY deploy/docker/constraints.txt deploy/docker/constraints.txt
COPY tools/gen_proto.py tools/gen_proto.py
COPY proto proto
COPY lib lib
COPY services/mixing services/mixing
RUN python -m venv /opt/protoc \
    && /opt/protoc/bin/pip install --no-cache-dir -c deploy/docker/constraints.txt grpcio-tools==1.85.1 \
    && /opt/protoc/bin/python tools/gen_proto.py \
    && uv python install "${PYTHON_VERSION}" \
    && uv venv --python "${PYTHON_VERSION}" /opt/venv \
    && uv pip install --python /opt/venv/bin/python --index-url "${TORCH_INDEX_URL}" "torch==${TORCH_VERSION}" \
    && uv pip install --python /opt/venv/bin/python -c deploy/docker/constraints.txt \
       onnxruntime-gpu==1.31.1 ./lib ./services/mixing \
    && if uv pip show --python /opt/venv/bin/python onnxruntime >/dev/null 2>&1; then \
         echo "the CPU onnxruntime was installed beside onnxruntime-gpu" >&2; exit 1; fi \
    && /opt/venv/bin/python -c "import torch, onnxruntime, mixdown_mixing.stage; assert torch.__version__.startswith('${TORCH_VERSION}'), torch.__version__; assert 'CUDAExecutionProvider' in onnxruntime.get_available_providers()" \
    && /opt/venv/bin/python -m compileall -q -j 0 /opt/venv/lib

FROM nvidia/cuda:13.0.0-cudnn-runtime-ubuntu22.04
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="mixdown-mixing-cuda" \
      org.opencontainers.image.description="Mixdown mixing service, style worker (CUDA build)" \
      org.opencontainers.image.version="${VERSION}"
RUN groupadd --system --gid 10001 mixdown \
    && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin mixdown \
    && mkdir -p /var/lib/mixdown/work \
    && chown -R 10001:10001 /var/lib/mixdown
COPY --from=build /opt/python /opt/python
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/tmp \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    MIXDOWN_MIXING_GRPC_PORT=50053 \
    MIXDOWN_MIXING_METRICS_PORT=9090 \
    MIXDOWN_MIXING_WORK_DIR=/var/lib/mixdown/work \
    MIXDOWN_MIXING_LANE=style
USER 10001:10001
WORKDIR /var/lib/mixdown
EXPOSE 50053 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-m", "mixdown.healthcheck", "mixing"]
CMD ["python", "-m", "mixdown_mixing"]
