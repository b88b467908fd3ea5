"""Locust scenario of bench/survey.py: kiosks submitting questionnaires through the kiosk API.

Bounded by time (--run-time) and by count (BENCH_MAX submissions in all); writes its own summary
(acknowledged, refused, errors, latencies) to BENCH_RESULT when the run stops.
"""

import json
import os
import random
import time
import uuid

from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

with open(os.environ["BENCH_KIOSKS"]) as handle:
    KIOSKS = json.load(handle)
LIMIT = int(os.environ.get("BENCH_MAX", "20000"))
STATE = {"sent": 0, "acknowledged": 0, "refused": 0, "errors": 0, "latencies": [], "first": None, "last": None}
CODES = [f"U{i}" for i in range(1, 10)]


class Kiosk(FastHttpUser):
    wait_time = between(0, 0.01)

    @task
    def submit(self):
        if STATE["sent"] >= LIMIT:
            raise StopUser
        STATE["sent"] += 1
        kiosk = random.choice(KIOSKS)  # each user plays many kiosks: the load spreads over every key
        body = {
            "survey": kiosk["survey"],
            "submission_id": str(uuid.uuid4()),
            "service": random.choice(kiosk["services"]),
            "gender": random.choice("LP"),
            "age": random.randint(18, 70),
            "education": random.choice(["sma", "s1", "d3"]),
            "occupation": random.choice(["swasta", "wirausaha", "pns"]),
            "scores": {code: random.choice([2, 3, 3, 4, 4]) for code in CODES},
        }
        started = time.perf_counter()
        STATE["first"] = STATE["first"] or started
        with self.client.post(
            "/api/v1/kiosk/responses/",
            json=body,
            headers={"Authorization": f"Kiosk {kiosk['key']}"},
            catch_response=True,
            name="submit",
        ) as response:
            elapsed = time.perf_counter() - started
            STATE["last"] = time.perf_counter()
            if response.status_code == 201:
                STATE["acknowledged"] += 1
                STATE["latencies"].append(elapsed * 1000)
                response.success()
            elif response.status_code in (400, 409, 429):
                STATE["refused"] += 1
                response.failure(f"refused {response.status_code}")
            else:
                STATE["errors"] += 1
                response.failure(f"error {response.status_code}")


@events.quitting.add_listener
def write_summary(environment, **kwargs):
    latencies = sorted(STATE["latencies"]) or [0]
    seconds = (STATE["last"] or 0) - (STATE["first"] or 0) or 1
    summary = {
        "acknowledged": STATE["acknowledged"],
        "refused": STATE["refused"],
        "errors": STATE["errors"],
        "seconds": seconds,
        "median_ms": round(latencies[len(latencies) // 2], 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1 if len(latencies) > 1 else 0], 1),
    }
    with open(os.environ["BENCH_RESULT"], "w") as handle:
        json.dump(summary, handle)
