"""Webhook delivery: POST queued updates to the URL from setWebhook, redelivering on failure.

Updates go out one at a time in update_id order; an update leaves the queue only after the
receiver answered 2xx, so a failing receiver sees the same update_id again (as with Telegram,
which "will repeat the request and give up after a reasonable amount of attempts").
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

import aiohttp

from bot.sandbox.state import JSON, SandboxState, Webhook

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
RETRY_DELAYS = (0.1, 0.25, 0.5, 1.0, 2.0)


class WebhookDelivery:
    """A background task that drains the update queue into the webhook."""

    def __init__(self, state: SandboxState, *, timeout: float = 10.0) -> None:
        self.state = state
        self.timeout = timeout
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        state.add_update_listener(self._wake.set)

    async def changed(self) -> None:
        """Called after setWebhook/deleteWebhook: start the task if needed and wake it."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="sandbox-webhook")
        self._wake.set()

    async def stop(self) -> None:
        """Cancel delivery and close the HTTP session."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        attempt = 0
        while True:
            hook = self.state.webhook
            if hook is None or not self.state.updates:
                self._wake.clear()
                await self._wake.wait()
                continue
            update = self.state.updates[0]
            error = await self._post(hook, update)
            if self.state.webhook is not hook:
                continue
            if error is None:
                if self.state.updates and self.state.updates[0] is update:
                    self.state.updates.popleft()
                hook.delivered += 1
                attempt = 0
                continue
            hook.last_error_date = self.state.clock.now()
            hook.last_error_message = error
            hook.failed_attempts += 1
            log.info("webhook delivery of %s failed: %s", update["update_id"], error)
            await asyncio.sleep(RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)])
            attempt += 1

    async def _post(self, hook: Webhook, update: JSON) -> str | None:
        """Deliver one update; None on success, else Telegram-style error text."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout)
            )
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers[SECRET_HEADER] = hook.secret_token
        body = json.dumps(update, ensure_ascii=False).encode()
        try:
            async with self._session.post(hook.url, data=body, headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except TimeoutError:
            return "Read timeout expired"
        except aiohttp.ClientConnectionError as error:
            return f"Connection failed: {error.__class__.__name__}"
