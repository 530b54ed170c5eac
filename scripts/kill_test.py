#!/usr/bin/python3
"""Kills `pinn solve` at random moments and checks that no partial or corrupt result is left behind;
then stops a run with SIGTERM, resumes it and compares the final loss with an uninterrupted run.

    /usr/bin/python3 scripts/kill_test.py [--pinn .build/release/pinn] [--trials 20] [--seed 1]

Each trial deletes the previous result (temporaries are left, to be cleaned by the next run), starts a
short 2-D solve and sends SIGKILL after a random delay in [0, 1.3 x the time of a whole run]. Then:
  - the result is absent, or complete: `h5dump` reads every dataset and /fields/u and /metrics exist;
  - the checkpoint, if any, is complete too (h5dump reads it);
  - every other file is one of pinn's temporaries, named `.<file>.tmp-<pid>-<hex>` (dot-hidden, so
    `*.h5` never matches one), and a final uninterrupted run removes them all.
Exit status 0 when every check passed. Needs h5dump (Debian hdf5-tools); uses only the standard library.
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PROBLEM = {
    "name": "kill", "kind": "poisson", "source": "2*pi^2*sin(pi*x)*sin(pi*y)",
    "domain": {"type": "rectangle", "lower": [-1, -1], "upper": [1, 1]},
    "exact": "sin(pi*x)*sin(pi*y)",
    "network": {"width": 24, "depth": 2, "omega0": 5},
    "training": {"adamSteps": 300, "lbfgsIterations": 60, "interiorPoints": 512, "boundaryPoints": 128,
                 "resampleEvery": 100},
    "reference": {"grid": [129, 129]},
}
TEMPORARY = re.compile(r"^\.(r\.h5|r\.xdmf|r\.ckpt\.h5)\.tmp-(\d+)-[0-9a-f]+$")


def h5dump_reads(path, *needed):
    """Whether h5dump reads the whole file (every dataset) and finds each object in `needed`."""
    done = subprocess.run(["h5dump", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if done.returncode != 0:
        return False
    text = done.stdout.decode(errors="replace")
    return all(f'"{name}"' in text for name in needed)


def final_losses(path):
    """The /training/loss_total series of a result, as h5dump prints it with 17 significant digits."""
    out = subprocess.run(["h5dump", "-m", "%.17g", "-d", "/training/loss_total", path],
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    data = out[out.index("DATA {") + 6:out.rindex("}")]
    return [v.strip() for chunk in re.split(r"\(\d+\):", data) for v in chunk.split(",") if v.strip() and v.strip() != "}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    default = os.path.join(root, ".build/release/pinn")
    if not os.path.exists(default):
        default = os.path.join(root, ".build/debug/pinn")
    parser.add_argument("--pinn", default=default)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("h5dump") is None:
        sys.exit("kill_test: h5dump is needed (apt-get install hdf5-tools)")
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="pinn-kill-")
    problem = os.path.join(work, "kill.json")
    with open(problem, "w") as f:
        json.dump(PROBLEM, f)
    result = os.path.join(work, "r.h5")
    checkpoint = os.path.join(work, "r.ckpt.h5")
    command = [args.pinn, "solve", problem, "-o", result, "--quiet", "--checkpoint-every", "40"]
    failures = []

    def clear():
        for name in ("r.h5", "r.xdmf", "r.ckpt.h5"):
            if os.path.exists(os.path.join(work, name)):
                os.remove(os.path.join(work, name))

    start = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    whole = time.monotonic() - start
    print(f"one uninterrupted run: {whole:.2f} s ({args.pinn})")

    outcomes = {"no result": 0, "complete result": 0}
    temporaries_seen = 0
    for trial in range(1, args.trials + 1):
        clear()
        delay = rng.uniform(0, 1.3 * whole)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        notes = []
        if os.path.exists(result):
            if h5dump_reads(result, "fields", "u", "metrics", "training"):
                outcomes["complete result"] += 1
                notes.append("complete result")
            else:
                failures.append(f"trial {trial}: {result} exists but is not complete")
                notes.append("CORRUPT RESULT")
        else:
            outcomes["no result"] += 1
            notes.append("no result")
        if os.path.exists(checkpoint):
            if h5dump_reads(checkpoint, "parameters", "adam", "history"):
                notes.append("checkpoint complete")
            else:
                failures.append(f"trial {trial}: the checkpoint is not complete")
                notes.append("CORRUPT CHECKPOINT")
        temporaries = []
        for name in sorted(os.listdir(work)):
            if name in ("kill.json", "r.h5", "r.xdmf", "r.ckpt.h5"):
                continue
            if TEMPORARY.match(name):
                temporaries.append(name)
            else:
                failures.append(f"trial {trial}: unexpected file {name}")
        temporaries_seen += len(temporaries)
        if temporaries:
            notes.append(f"temporaries left: {', '.join(temporaries)}")
        status = "exited" if process.returncode >= 0 else "killed"
        print(f"trial {trial:2d}: SIGKILL after {delay:5.2f} s ({status}): " + "; ".join(notes))

    # A run that is not killed removes every temporary the killed ones left.
    clear()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    left = [name for name in os.listdir(work) if TEMPORARY.match(name)]
    if left:
        failures.append(f"temporaries not removed by the next run: {left}")
    print(f"{args.trials} SIGKILL trials: {outcomes['no result']} left no result, {outcomes['complete result']} a complete "
          f"result, 0 expected corrupt; {temporaries_seen} temporaries seen after kills, {len(left)} left after the next run")

    # SIGTERM during training, then --resume: the same losses as an uninterrupted run, to the last digit.
    clear()
    straight = os.path.join(work, "straight.h5")
    subprocess.run([args.pinn, "solve", problem, "-o", straight, "--quiet", "--force"], check=True, stdout=subprocess.DEVNULL)
    expected = final_losses(straight)
    stops = []
    for fraction in (0.25, 0.6):
        process = subprocess.Popen(command + (["--resume"] if stops else []), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(fraction * whole)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate()
        stops.append(process.returncode)
        if process.returncode == 143 and os.path.exists(result):
            failures.append("a result was written by a run stopped with SIGTERM")
    subprocess.run(command + (["--resume"] if os.path.exists(checkpoint) else []), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    resumed = final_losses(result)
    print(f"SIGTERM at 25 % and 60 % of a run: exit statuses {stops} (143 = stopped with a checkpoint)")
    print(f"final loss, uninterrupted: {expected[-1]}")
    print(f"final loss, resumed:       {resumed[-1]}")
    same = resumed == expected
    print(f"all {len(expected)} losses identical to 17 significant digits: {same}")
    if not same:
        failures.append("the resumed run's losses differ from the uninterrupted run's")
    if 143 not in stops:
        failures.append("no SIGTERM landed during training (statuses %s)" % stops)

    for failure in failures:
        print("FAILED:", failure)
    print("kill_test: every check passed" if not failures else f"kill_test: {len(failures)} checks failed")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
