"""Helpers shared by the notebooks: open the graph (KG_STORE or a fresh example store) and a CJK font.

The store path comes from the environment variable KG_STORE (source files for quoting sentences from
KG_SOURCES); without it the bundled examples
(kg/examples) are built into a temporary store. Chinese labels in figures use Noto Sans CJK SC from
the `mplfonts` package, registered with matplotlib straight from the package's font file (no
`mplfonts init`, no network).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from kg.api import KnowledgeGraph  # noqa: E402
from kg.export import COLORS, OTHER_COLOR  # noqa: E402,F401 (colours by entity type, as in the Gephi files)

CJK_FONT = "Noto Sans CJK SC"


def open_graph() -> KnowledgeGraph:
    """The graph at $KG_STORE (read-only), else the bundled examples built into a temporary store.

    $KG_SOURCES (paths joined by os.pathsep) names the source files of a KG_STORE, so that
    `kg.provenance` can quote the sentences.
    """
    path = os.environ.get("KG_STORE")
    if path:
        kg = KnowledgeGraph.open(path, read_only=True)
        kg.sources = [p for p in os.environ.get("KG_SOURCES", "").split(os.pathsep) if p]
        return kg
    kg = KnowledgeGraph.open(Path(tempfile.mkdtemp(prefix="kg-notebook-")) / "store")
    kg.build([ROOT / "kg" / "examples"], workers=1)
    return kg


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese text with Noto Sans CJK SC (from mplfonts); returns the font name."""
    import matplotlib
    from matplotlib import font_manager

    try:
        import mplfonts
    except ImportError as e:
        raise RuntimeError("pip install mplfonts: it ships the CJK font the figures use") from e
    font_file = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if CJK_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(font_file))
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [CJK_FONT, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return CJK_FONT
