# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The steps of playbooks/rotate.yml: which phase of which secret runs in which step."""

from __future__ import annotations

from typing import Any


def rotation_plan(secrets: list[str], phases: dict[str, list[str]], rotation_phase: Any = "all") -> list[dict[str, Any]]:
    """The steps to run, in order, each as {step, phases: {secret: phase}}; a step that runs no
    phase of the given secrets is left out. rotation_phase is all (every step), a step number
    1 to 3 (that step of each secret), or a phase's name (the step of each secret that has it)."""
    wanted = str(rotation_phase)
    plan = []
    for index in range(max((len(phases[s]) for s in secrets), default=0)):
        step = index + 1
        chosen = {
            secret: phases[secret][index]
            for secret in secrets
            if index < len(phases[secret]) and wanted in ("all", str(step), phases[secret][index])
        }
        if chosen:
            plan.append({"step": step, "phases": chosen})
    return plan


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {"rotation_plan": rotation_plan}
