"""The HTTP API and web page (``khabar serve``): ``create_app(store_path, read_only=False)``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from khabar.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Lazy: importing khabar.api does not import FastAPI until the app is built.
    if name == "create_app":
        from khabar.api.app import create_app

        return create_app
    raise AttributeError(f"module 'khabar.api' has no attribute {name!r}")
