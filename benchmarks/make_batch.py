"""Write a large interview file (N interviewers, varied topics) for benchmarks: `python make_batch.py N OUT.yaml`."""

from __future__ import annotations

import sys
from pathlib import Path

FIRST = ["Priya", "Marcus", "Ana", "Tomás", "Mei", "Olu", "Sara", "Jonas", "Leila", "Kenji", "Rosa", "Ivan"]
LAST = ["Natarajan", "Chen", "Lima", "Ortega", "Wong", "Adeyemi", "Berg", "Becker", "Haddad", "Sato", "Díaz", "Petrov"]
SUBJECTS = [
    "the data platform",
    "incident reviews",
    "the hiring plan",
    "store forecasts",
    "the mobile app",
    "data contracts",
    "the quarterly roadmap",
    "on-call rotations",
    "the search ranking work",
    "customer interviews",
    "the billing migration",
    "warehouse costs",
    "model monitoring",
]
ANGLES = [
    "how the team decides what to build next",
    "the trade-offs you described",
    "what success looks like in the first year",
    "the way reviews are run",
    "the move to streaming",
]


def interview_yaml(count: int, stationery: str = "a2-flat", font: str = "caveat", design: str | None = None) -> str:
    people = []
    for i in range(count):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
        topic = f"{SUBJECTS[i % len(SUBJECTS)]} and {ANGLES[(i // 7) % len(ANGLES)]}"
        people.append(f"  - name: {name}\n    topic: {topic}\n    method: card\n")
    card = f"  stationery: {stationery}\n  font: {font}\n" + (f"  design: {design}\n" if design else "")
    return (
        "candidate:\n  name: Jordan Rivera\n  email: jordan@example.com\n  phone: '+1 555 0100'\n"
        "position:\n  title: Senior Data Engineer\n  company: Northwind Analytics\n"
        "interview:\n  date: 2026-11-24\n  end: '16:00'\n  timezone: America/Chicago\n"
        "qualifications:\n  - streaming pipelines that move 2 TB a day\n  - cutting warehouse costs by a third\n"
        f"  - mentoring junior engineers\ntone: formal\ncard:\n{card}interviewers:\n" + "".join(people)
    )


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(interview_yaml(int(sys.argv[1])), encoding="utf-8")
