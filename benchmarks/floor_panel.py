"""The least a process can take to turn the panel sample into cards with the chosen libraries: the floor under
`notecards build samples/panel.yaml`.

    python benchmarks/floor_panel.py samples/panel.yaml OUT.pdf

It does only what no build can skip: load the YAML (libyaml), validate it with a pydantic
model, render each note from a sandboxed Jinja2 template, and draw each card in its
interviewer's bundled handwriting font with reportlab. No fitting, realism, checks,
envelopes, email drafts or report. bench_build.py times it next to the real build, so the
panel's target can be judged against what the libraries alone cost on the same machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FILES = {"caveat": "Caveat-Regular.ttf", "kalam": "Kalam-Regular.ttf", "patrick-hand": "PatrickHand-Regular.ttf"}
NOTE = "Dear {{ person.name }},\nthank you for the talk about {{ person.topic }}.\nWith best wishes,\n{{ candidate }}"


class Person(BaseModel):
    name: str
    topic: str
    font: str


class Panel(BaseModel):
    candidate: str
    people: list[Person]


def main(source: str, out: str) -> None:
    data = yaml.load(Path(source).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    default = data.get("card", {}).get("font", "caveat")
    panel = Panel(
        candidate=data["candidate"]["name"],
        people=[
            {
                "name": p["name"],
                "topic": ", ".join(map(str, p.get("topics") or [p.get("topic", "")])),
                "font": p.get("font", default),
            }
            for p in data["interviewers"]
        ],
    )
    template = SandboxedEnvironment().from_string(NOTE)
    canvas = Canvas(out, pageCompression=1)
    for person in panel.people:
        if person.font not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(person.font, str(FONTS / FILES.get(person.font, FILES["caveat"]))))
        text = canvas.beginText(24, 260)
        text.setFont(person.font, 16)
        for line in template.render(person=person, candidate=panel.candidate).splitlines():
            text.textLine(line)
        canvas.drawText(text)
        canvas.showPage()
    canvas.save()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
