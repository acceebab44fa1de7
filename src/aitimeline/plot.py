"""The figures: who held the leading roles, the cap table, the commitments and the web of deals, each as of a
date and a knowledge date (matplotlib, with the ``plot`` extra; ``aitimeline plot KIND`` draws the same).

Importing this module does not import matplotlib; the first figure does, and says which extra to install when it
is missing.
"""

from __future__ import annotations

from ._show.plot import (
    LEADERSHIP_ROLES,
    PLOTS,
    plot_cap_table,
    plot_commitments,
    plot_deal_web,
    plot_leadership,
    save_figure,
)

__all__ = [
    "LEADERSHIP_ROLES",
    "PLOTS",
    "plot_cap_table",
    "plot_commitments",
    "plot_deal_web",
    "plot_leadership",
    "save_figure",
]
