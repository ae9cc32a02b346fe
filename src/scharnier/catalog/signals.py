"""Catalog events other bounded contexts subscribe to (embeddings, overlap analysis).

Sent after the transaction that changed the offers commits, so receivers see the new state.
"""

from django.dispatch import Signal

# Sent with `offer_ids`: list[int] of offers created, changed, archived or restored.
offers_changed = Signal()

# Sent with `offer_ids` when a region's note on offers changed: pages show it, the meaning of
# the offer (embeddings, overlap) stays the same.
regional_notes_changed = Signal()
