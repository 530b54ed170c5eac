#!/usr/bin/python3
"""Kills `pinn solve` at random moments and checks that no partial or corrupt result is left behind;
then stops a run with SIGTERM, resumes it and compares the final loss with an uninterrupted run.

    /usr/bin/python3 scripts/kill_test.py [--pinn .build/release/pinn] [--trials 20] [--seed 1]

Each trial deletes the previous result (temporaries are left, to be cleaned by the next run), starts a
short 2-D solve that writes a checkpoint every 5 steps, and sends SIGKILL at a random moment: odd
trials at a random time during training (uniform over the measured training time), even trials after
the last training step was logged, at a random time in the rest of the run (reference, evaluation,
writing the result; up to 1.2 x its measured length, so some runs finish). Then:
  - the result is absent, or complete: `h5dump` reads every dataset and /fields/u and /metrics exist;
  - the checkpoint, if any, is complete too (h5dump reads it);
  - the figures r_fields.png and r_loss.png, if any, are complete PNGs (they end with the IEND chunk);
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
OUTPUTS = ("r.h5", "r.xdmf", "r.ckpt.h5", "r_fields.png", "r_loss.png")
TEMPORARY = re.compile(r"^\.(r\.h5|r\.xdmf|r\.ckpt\.h5|r_fields\.png|r_loss\.png)\.tmp-(\d+)-[0-9a-f]+$")


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
    data = out[out.index("DATA {") + 6:]
    data = data[:data.index("}")]
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
    command = [args.pinn, "solve", problem, "-o", result, "--quiet", "--checkpoint-every", "5"]
    failures = []

    def clear():
        for name in OUTPUTS:
            if os.path.exists(os.path.join(work, name)):
                os.remove(os.path.join(work, name))

    log = os.path.join(work, "log.jsonl")
    total_steps = PROBLEM["training"]["adamSteps"] + PROBLEM["training"]["lbfgsIterations"]

    def start(extra=()):
        if os.path.exists(log):
            os.remove(log)
        return subprocess.Popen(command + ["--json-log", log] + list(extra), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)

    def wait_for(process, reached, limit=300):
        """Polls the JSON log until a record satisfies `reached` or the process ends."""
        deadline = time.monotonic() + limit
        while process.poll() is None and time.monotonic() < deadline:
            lines = open(log).read().splitlines()[-3:] if os.path.exists(log) else []
            for line in lines:
                try:
                    if reached(json.loads(line)):
                        return True
                except ValueError:
                    pass  # a line being written
            time.sleep(0.002)
        return False

    last_step = lambda record: record.get("step", -1) >= total_steps - 1
    # Calibration: training time and the time from the last step to the end (3 runs, the medians).
    training, rest = [], []
    for _ in range(3):
        clear()
        began = time.monotonic()
        process = start()
        wait_for(process, last_step)
        trained = time.monotonic()
        process.communicate()
        if process.returncode != 0:
            sys.exit(f"kill_test: the uninterrupted run failed ({process.returncode})")
        training.append(trained - began)
        rest.append(time.monotonic() - trained)
    training, rest = sorted(training)[1], sorted(rest)[1]
    print(f"uninterrupted run ({args.pinn}): training {training:.2f} s, then {rest:.2f} s to the written result")

    outcomes = {"no result": 0, "complete result": 0}
    temporaries_seen = 0
    for trial in range(1, args.trials + 1):
        clear()
        process = start()
        if trial % 2:
            delay = rng.uniform(0, training)
            time.sleep(delay)
            moment = f"{delay:5.2f} s into the run"
        else:
            wait_for(process, last_step)
            delay = rng.uniform(0, 1.2 * rest)
            time.sleep(delay)
            moment = f"{delay:5.2f} s after the last step"
        process.send_signal(signal.SIGKILL)
        process.communicate()
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
        for figure in ("r_fields.png", "r_loss.png"):
            path = os.path.join(work, figure)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    if not f.read().endswith(b"IEND\xaeB`\x82"):
                        failures.append(f"trial {trial}: {figure} exists but is not a complete PNG")
                        notes.append(f"CORRUPT {figure}")
        temporaries = []
        for name in sorted(os.listdir(work)):
            if name in ("kill.json", "log.jsonl") or name in OUTPUTS:
                continue
            if TEMPORARY.match(name):
                temporaries.append(name)
            else:
                failures.append(f"trial {trial}: unexpected file {name}")
        temporaries_seen += len(temporaries)
        if temporaries:
            notes.append(f"temporaries left: {', '.join(temporaries)}")
        status = "exited" if process.returncode >= 0 else "killed"
        print(f"trial {trial:2d}: SIGKILL {moment} ({status}): " + "; ".join(notes))

    # A run that is not killed removes every temporary the killed ones left.
    clear()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    left = [name for name in os.listdir(work) if TEMPORARY.match(name)]
    if left:
        failures.append(f"temporaries not removed by the next run: {left}")
    print(f"{args.trials} SIGKILL trials: {outcomes['no result']} left no result, {outcomes['complete result']} a complete "
          f"result, 0 expected corrupt; {temporaries_seen} temporaries seen after kills, {len(left)} left after the next run")

    # SIGTERM during training (once in Adam, once in L-BFGS, seen in the JSON log), then --resume:
    # the same losses as an uninterrupted run, to the last digit.
    clear()
    straight = os.path.join(work, "straight.h5")
    subprocess.run([args.pinn, "solve", problem, "-o", straight, "--quiet", "--force"], check=True, stdout=subprocess.DEVNULL)
    expected = final_losses(straight)
    stops = []
    adam_steps = PROBLEM["training"]["adamSteps"]
    for resume, reached in ((False, lambda record: record.get("step", 0) >= adam_steps // 2),
                            (True, lambda record: record.get("phase") == "lbfgs")):
        process = start(["--resume"] if resume else [])
        wait_for(process, reached)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate()
        stops.append(process.returncode)
        print(f"SIGTERM {'in L-BFGS' if resume else 'in Adam'}: exit status {process.returncode}; "
              + err.decode().strip().splitlines()[-1])
        if process.returncode == 143 and os.path.exists(result):
            failures.append("a result was written by a run stopped with SIGTERM")
    if stops != [143, 143]:
        failures.append(f"the SIGTERM runs exited with {stops}, not [143, 143]")
    subprocess.run(command + ["--resume"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    resumed = final_losses(result)
    print(f"final loss, uninterrupted: {expected[-1]}")
    print(f"final loss, resumed twice: {resumed[-1]}")
    same = resumed == expected
    print(f"all {len(expected)} losses identical to 17 significant digits: {same}")
    if not same:
        failures.append("the resumed run's losses differ from the uninterrupted run's")

    for failure in failures:
        print("FAILED:", failure)
    print("kill_test: every check passed" if not failures else f"kill_test: {len(failures)} checks failed")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
