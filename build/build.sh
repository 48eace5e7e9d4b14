#!/usr/bin/env bash
# Build the one-folder bundle dist/union-desk/ with PyInstaller and print its size and the build time.
#   bash build/build.sh            # uses .venv/bin/python (scripts/setup.sh), or $PYTHON
# PyInstaller comes from the optional dependency group "build" (pyproject.toml); it is installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
if [ ! -x "$PY" ] && ! command -v "$PY" >/dev/null 2>&1; then
  echo "找不到 Python：$PY（先运行 bash scripts/setup.sh，或设置 PYTHON=...）" >&2
  exit 1
fi
if ! "$PY" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "安装 PyInstaller（pyproject.toml 的 build 依赖组）"
  "$PY" -m pip install -q -e ".[build]"
fi

BUDGET_MB=150
start=$(date +%s)
rm -rf dist/union-desk
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/work build/union-desk.spec
end=$(date +%s)

bytes=$(du -sb dist/union-desk | cut -f1)
mb=$(( (bytes + 1048575) / 1048576 ))
echo "已生成 dist/union-desk/：${mb} MB（预算 ${BUDGET_MB} MB），用时 $((end - start)) 秒"
if [ "$mb" -gt "$BUDGET_MB" ]; then
  echo "程序包超过 ${BUDGET_MB} MB 的预算" >&2
  exit 1
fi
