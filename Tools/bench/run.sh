#!/usr/bin/env bash
# Runs Regula's benchmarks and the peers' in one sitting, as BENCHMARKS.md reports them:
# each twice, with the OpenBLAS environment as it is and with OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE unset together (OpenBLAS then picks its AVX-512 kernel where it can).
# Results go to bench-results/ (not committed).
#
#   python3 -m venv .venv-peers && .venv-peers/bin/pip install jax jaxlib optax pot scikit-learn skglm celer
#   bash Tools/bench/run.sh [benchmark ...]     # default: matmul mlp adamw sinkhorn lasso emd muon shampoo
set -euo pipefail
cd "$(dirname "$0")/../.."
peers=../shared/peers
out=bench-results/$(date -u +%Y-%m-%dT%H%M)
mkdir -p "$out"
names=("${@:-matmul mlp adamw sinkhorn lasso emd muon shampoo}")

swift build -c release --product regula >/dev/null
uname -a > "$out/machine.txt"
lscpu | grep -E "Model name|^CPU\(s\)|Flags" | cut -c1-200 >> "$out/machine.txt"

for setting in as-is unset; do
  if [ "$setting" = unset ]; then run=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE); else run=(env); fi
  for name in ${names[@]}; do
    "${run[@]}" OPENBLAS_VERBOSE=2 .build/release/regula bench "$name" --json > "$out/regula-$name-$setting.json" 2> "$out/regula-$name-$setting.log"
  done
done
(cd "$peers" && "$OLDPWD/.venv-peers/bin/python" bench_machine.py --both) > "$out/peer-machine.json"
(cd "$peers" && "$OLDPWD/.venv-peers/bin/python" bench_jax_mlp.py) > "$out/peer-jax-mlp.json"
(cd "$peers" && "$OLDPWD/.venv-peers/bin/python" bench_optax_adamw.py) > "$out/peer-optax-adamw.json"
(cd "$peers" && "$OLDPWD/.venv-peers/bin/python" bench_newton_schulz.py) > "$out/peer-newton-schulz.json"
(cd "$peers" && "$OLDPWD/.venv-peers/bin/python" bench_pot.py) > "$out/peer-pot.json"
(cd "$peers" && "$OLDPWD/.venv-peers/bin/python" bench_lasso.py) > "$out/peer-lasso.json"
if [[ " ${names[*]} " == *" lasso "* ]]; then
  # The sparse Lasso design: the peers, then Regula again with their numbers and the
  # suboptimality-versus-time plot (OpenBLAS variables unset).
  .venv-peers/bin/python Tools/bench/bench_lasso_sparse.py > "$out/peer-lasso-sparse.json"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .build/release/regula bench lasso --json \
    --lasso-peers "$out/peer-lasso-sparse.json" --lasso-plot "$out/lasso-suboptimality.svg" > "$out/regula-lasso-with-peers.json"
fi
echo "$out"
