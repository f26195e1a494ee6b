"""`--max-cost`: what a conversation may cost, through the package's cost cap (`get_openrouter_callback`).

The cap covers the conversation: the logged cost of its earlier exchanges (when it is continued
with `-c` or `--cid`) plus what this command spends, one prompt or a whole chat session. Once that
total reaches the cap, nothing more is sent; a request already under way finishes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_openrouter_responses import OpenRouterCallback, get_openrouter_callback

if TYPE_CHECKING:
    from contextlib import ExitStack


class CostCap:
    """The `--max-cost` of one command.

    Attributes:
        max_cost: The cap in USD credits.
        earlier: The logged cost of the continued conversation's earlier exchanges.
    """

    def __init__(self, max_cost: float, earlier: float = 0.0) -> None:
        """Hold the cap and what the conversation cost before this command.

        Args:
            max_cost: The cap in USD credits.
            earlier: The continued conversation's logged cost.
        """
        self.max_cost = max_cost
        self.earlier = earlier
        self._tracker: OpenRouterCallback | None = None

    def enter(self, stack: ExitStack) -> None:
        """Cap every model call made until `stack` closes at what is left of the budget."""
        left = self.max_cost - self.earlier
        if left > 0:
            self._tracker = stack.enter_context(get_openrouter_callback(max_cost=left))

    @property
    def spent(self) -> float:
        """The conversation's cost so far: the earlier exchanges' and this command's."""
        return self.earlier + (self._tracker.total_cost if self._tracker is not None else 0.0)

    def refusal(self) -> str | None:
        """Say why nothing more may be sent once the cap is reached (None while it is not)."""
        if self.spent < self.max_cost:
            return None
        return (
            f"cost cap reached: this conversation has cost ${self.spent:.6f} of --max-cost ${self.max_cost:.6f}; "
            "nothing was sent"
        )
