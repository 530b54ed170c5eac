#!/usr/bin/python3
"""The scaling model of docs/distributed.md: time per training step of `mpirun -np R pinn solve` on
R nodes, compute against communication, for a first-order step (Adam, L-BFGS: loss and gradient)
and a Gauss-Newton step (the Gram matrix J^T J).

    /usr/bin/python3 scripts/mpi_scaling_model.py --step-gflops 1.7,5.0 --gemm-gflops 25 [--cores 32]

--step-gflops: a PINN training step's GEMM rate on one core for P = 1e4 and 1e5 (pinn bench --json
--sizes 70x3,224x3, "gflops", PINN_THREADS=1);
--gemm-gflops: one core's float64 GEMM peak (the same run's "gemm_peak_gflops"); --cores: cores per
node, each assumed to run at the one-core rate (an upper bound on a node's speed, so the efficiencies
printed are lower bounds). A node runs one rank with --cores threads.

Model (N collocation points, P parameters, K = R blocks, 2-D, no overlap of compute and communication;
efficiency = T(1) / (R T(R))):
  first-order step: 24 N P flops (forward jet 8 N P, dW 8 N P, dX 8 N P);
    gathered as pinn does (MPI_Allgatherv of every block's two gradients): each rank receives
    (R - 1) * 16 P bytes (ring algorithm), time = bytes / bandwidth + (R - 1) * latency;
    an ordered reduce-scatter (MPI_Alltoall of parameter slices, each slice summed in block order by
    its owner, then MPI_Allgather) would move 2 * 16 P (R - 1) / R bytes instead.
  Gauss-Newton step: N P^2 flops for J^T J (syrk) + P^3 / 3 (Cholesky, on every rank) + the rows of J
    (about 24 N P); the Gram reduced in block order by the same slice scheme: 2 * 8 P^2 (R - 1) / R
    bytes (gathering the rows of J instead, as pinn does today, moves 8 N P (R - 1) / R bytes).
"""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--step-gflops", required=True, help="for P = 1e4 and 1e5, comma-separated")
parser.add_argument("--gemm-gflops", type=float, required=True)
parser.add_argument("--cores", type=int, default=32)
parser.add_argument("--latency", type=float, default=5e-6, help="seconds per message hop")
args = parser.parse_args()

N = 1e6
networks = {"1e4": 1e4, "1e5": 1e5}
bandwidths = {"10 Gb/s": 10e9 / 8, "100 Gb/s": 100e9 / 8}
nodes = [1, 2, 4, 8, 16, 32, 64]
step_rates = [float(x) * 1e9 * args.cores for x in args.step_gflops.split(",")]
gemm_rate = args.gemm_gflops * 1e9 * args.cores


def seconds(x):
    return f"{x * 1e3:.3g} ms" if x < 1 else f"{x:.3g} s"


for (label, P), step_rate in zip(networks.items(), step_rates):
    print(f"\n### P = {label} parameters, N = 1e6 points\n")
    first = 24 * N * P
    gram = N * P * P
    cholesky = P ** 3 / 3
    print(f"first-order step: {first:.2e} flops; Gauss-Newton step: {gram + cholesky + first:.2e} flops "
          f"(Gram {gram:.2e}, Cholesky {cholesky:.2e})\n")
    print("| nodes | first-order compute | gathered bytes | efficiency 10 / 100 Gb/s (gather) "
          "| efficiency 10 / 100 Gb/s (reduce-scatter) | Gauss-Newton compute | Gram bytes | efficiency 10 / 100 Gb/s "
          "| J-row bytes (today) | efficiency 10 / 100 Gb/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for R in nodes:
        t1 = first / (R * step_rate)
        gathered = (R - 1) * 16 * P
        scattered = 2 * 16 * P * (R - 1) / R
        tg = gram / (R * gemm_rate) + cholesky / gemm_rate + first / (R * step_rate)
        gram_bytes = 2 * 8 * P * P * (R - 1) / R
        rows_bytes = 8 * N * P * (R - 1) / R

        def eff(serial, t, b, bw):
            """Parallel efficiency T(1) / (R T(R)), T(R) = compute t on R nodes + communication."""
            comm = b / bw + (R - 1) * args.latency if R > 1 else 0
            return serial / (R * (t + comm))

        t1_serial = first / step_rate
        tg_serial = gram / gemm_rate + cholesky / gemm_rate + first / step_rate
        e_gather = " / ".join(f"{eff(t1_serial, t1, gathered, bw):.0%}" for bw in bandwidths.values())
        e_scatter = " / ".join(f"{eff(t1_serial, t1, scattered, bw):.0%}" for bw in bandwidths.values())
        e_gram = " / ".join(f"{eff(tg_serial, tg, gram_bytes, bw):.0%}" for bw in bandwidths.values())
        e_rows = " / ".join(f"{eff(tg_serial, tg, rows_bytes, bw):.0%}" for bw in bandwidths.values())
        print(f"| {R} | {seconds(t1)} | {gathered / 1e6:.3g} MB | {e_gather} | {e_scatter} | {seconds(tg)} "
              f"| {gram_bytes / 1e9:.3g} GB | {e_gram} | {rows_bytes / 1e9:.3g} GB | {e_rows} |")
