"""Where the repository and its sample content are."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE_CONTENT = REPO / "content"
HSDS_EXAMPLES = REPO / "tests" / "data" / "hsds"
"""Open Referral's own published examples (see the README there)."""
