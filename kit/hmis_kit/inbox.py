"""Idempotent consumers with dead-lettering: the receiving half of the delivery promise.

`@handles(clients_events.CHANGED["Client"])` (an event type of a contract, or a routing pattern such as
`#`) on a service method makes it a consumer of that event type with
its own durable quorum queue `<service>.<method>`. Each delivery runs in one database transaction that
also records `(consumer, event_id)` in the inbox table, so a redelivered event has no second effect.
The message is acked only after that commit. A handler that raises is retried (requeued) and, after
`HMIS_HANDLER_MAX_ATTEMPTS` deliveries, moved to `<queue>.dead-letter` with its error in the headers,
from where `hmis events replay <queue>` puts it back. nameko's stock handlers ack on error; this does not.
"""
from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable

import eventlet
from kombu import Connection, Exchange, Queue
from nameko.messaging import Consumer
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from hmis_kit import config
from hmis_kit.events import Event
from hmis_kit.messaging import ConfirmedPublisher, dead_letter_queue_name
from hmis_kit.outbox import inbox

log = logging.getLogger(__name__)


def claim(session: Session, consumer: str, event_id) -> bool:
    """Record that `consumer` handled `event_id`; False when it already had."""
    inserted = session.execute(
        insert(inbox).values(consumer=consumer, event_id=event_id).on_conflict_do_nothing().returning(inbox.c.event_id)
    ).first()
    return inserted is not None


def consumer_queue(settings: config.Settings, queue_name: str, event_type: str) -> Queue:
    return Queue(
        queue_name,
        exchange=Exchange(settings.events_exchange, type="topic", durable=True),
        routing_key=event_type,
        durable=True,
        queue_arguments={
            "x-queue-type": "quorum",
            # Backstop only: messages are normally dead-lettered by EventHandler with their error.
            "x-delivery-limit": settings.handler_max_attempts + 5,
            "x-dead-letter-exchange": settings.dead_letter_exchange,
            "x-dead-letter-routing-key": queue_name,
        },
    )


def dead_letter_queue(settings: config.Settings, queue_name: str) -> Queue:
    return Queue(
        dead_letter_queue_name(queue_name),
        exchange=Exchange(settings.dead_letter_exchange, type="direct", durable=True),
        routing_key=queue_name,
        durable=True,
        queue_arguments={"x-queue-type": "quorum"},
    )


class EventHandler(Consumer):
    """nameko entrypoint consuming one event type from the events exchange, never acking a failure."""

    def __init__(self, event_type: str, **kwargs):
        self.event_type = event_type
        super().__init__(queue=None, requeue_on_error=True, **kwargs)

    @property
    def queue_name(self) -> str:
        return f"{self.container.service_name}.{self.method_name}"

    def setup(self) -> None:
        self.settings = config.load()
        self.queue = consumer_queue(self.settings, self.queue_name, self.event_type)
        with Connection(self.settings.amqp_uri) as connection:
            dead_letter_queue(self.settings, self.queue_name)(connection.default_channel).declare()
        super().setup()

    def handle_message_processed(self, message, result=None, exc_info=None) -> None:
        if exc_info is None:
            self.queue_consumer.ack_message(message)
            return
        # Quorum queues count deliveries in this header (absent on the first delivery).
        attempt = int((message.headers or {}).get("x-delivery-count", 0)) + 1
        error = "".join(traceback.format_exception_only(exc_info[0], exc_info[1])).strip()
        if attempt >= self.settings.handler_max_attempts:
            self._dead_letter(message, error, attempt)
            self.queue_consumer.ack_message(message)
        else:
            log.warning("event handler failed, will retry",
                        extra={"queue": self.queue_name, "attempt": attempt, "error_type": exc_info[0].__name__})
            eventlet.sleep(min(0.05 * 2 ** attempt, 2))
            self.queue_consumer.requeue_message(message)

    def _dead_letter(self, message, error: str, attempts: int) -> None:
        headers = dict(message.headers or {})
        headers.update({"x-error": error[:2000], "x-attempts": attempts, "x-original-routing-key":
                        message.delivery_info.get("routing_key")})
        with ConfirmedPublisher(self.settings, exchange=self.settings.dead_letter_exchange) as publisher:
            publisher.publish(self.queue_name, message.payload, headers=headers,
                              message_id=message.properties.get("message_id"))
        log.error("event dead-lettered", extra={"queue": self.queue_name, "attempts": attempts})


def handles(event_type: str) -> Callable:
    """Decorate `fn(self, session, event)` as the idempotent consumer of `event_type`.

    The service must have a `db` dependency (hmis_kit.db.Database).
    """
    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def consume(self, body: dict) -> None:
            event = Event.load(body)
            consumer = f"{self.name}.{fn.__name__}"
            with self.db.transaction() as session:
                if not claim(session, consumer, event.event_id):
                    log.info("duplicate event ignored", extra={"consumer": consumer, "event_id": str(event.event_id)})
                    return
                fn(self, session, event)

        return EventHandler.decorator(str(event_type))(consume)

    return decorate


def replay_dead_letters(settings: config.Settings, queue_name: str, limit: int | None = None) -> int:
    """Move dead-lettered messages back onto their consumer queue; returns how many moved."""
    moved = 0
    with Connection(settings.amqp_uri) as connection, \
            ConfirmedPublisher(settings, exchange="") as publisher:
        channel = connection.default_channel
        dlq = dead_letter_queue(settings, queue_name)(channel)
        dlq.declare()
        while limit is None or moved < limit:
            message = dlq.get(no_ack=False)
            if message is None:
                break
            headers = {k: v for k, v in (message.headers or {}).items()
                       if not k.startswith("x-")}
            # The default exchange routes by queue name, straight back to the one consumer that failed.
            publisher.publish(queue_name, message.payload, headers=headers,
                              message_id=message.properties.get("message_id"))
            message.ack()
            moved += 1
    return moved

