"""RabbitMQ topology and the confirmed publisher (pika) the outbox relay uses.

nameko's own publisher neither sets `mandatory` nor surfaces returned messages, so an event sent to an
exchange with no bound queue is confirmed and lost. This publisher waits for the broker's confirm and
raises when the message was returned or nacked.
"""
from __future__ import annotations

import json
from contextlib import suppress

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.exceptions import NackError, UnroutableError

from hmis_kit.config import Settings

PERSISTENT = pika.DeliveryMode.Persistent


class PublishFailed(Exception):
    """The broker did not take responsibility for the message."""


class UnroutableEvent(PublishFailed):
    """No queue is bound for this routing key: the broker returned the message."""


def dead_letter_queue_name(queue: str) -> str:
    return f"{queue}.dead-letter"


def declare_exchanges(channel: BlockingChannel, settings: Settings) -> None:
    channel.exchange_declare(settings.events_exchange, exchange_type="topic", durable=True)
    channel.exchange_declare(settings.dead_letter_exchange, exchange_type="direct", durable=True)


class ConfirmedPublisher:
    """Publishes JSON messages and returns only once the broker has confirmed them."""

    def __init__(self, settings: Settings, exchange: str | None = None):
        self.settings = settings
        self.exchange = settings.events_exchange if exchange is None else exchange
        self._connection: pika.BlockingConnection | None = None
        self._channel: BlockingChannel | None = None

    def _open_channel(self) -> BlockingChannel:
        if self._channel is None or not self._channel.is_open:
            self.close()
            parameters = pika.URLParameters(self.settings.amqp_uri)
            parameters.heartbeat = self.settings.amqp_heartbeat_seconds
            self._connection = pika.BlockingConnection(parameters)
            self._channel = self._connection.channel()
            self._channel.confirm_delivery()
            declare_exchanges(self._channel, self.settings)
        return self._channel

    def publish(self, routing_key: str, body: dict, headers: dict | None = None,
                message_id: str | None = None, exchange: str | None = None) -> None:
        channel = self._open_channel()
        properties = pika.BasicProperties(
            content_type="application/json",
            delivery_mode=PERSISTENT,
            message_id=message_id,
            headers=headers or {},
        )
        try:
            channel.basic_publish(
                exchange=self.exchange if exchange is None else exchange,
                routing_key=routing_key,
                body=json.dumps(body).encode(),
                properties=properties,
                mandatory=True,
            )
        except UnroutableError as error:
            raise UnroutableEvent(f"no queue bound for routing key {routing_key!r}") from error
        except NackError as error:
            raise PublishFailed(f"broker nacked {routing_key!r}") from error

    def keep_alive(self) -> None:
        """Answer the broker's heartbeats while idle: a blocking connection does so only when called, and
        the broker drops a peer silent for two heartbeats (the next publish would then fail)."""
        if self._connection is not None and self._connection.is_open:
            self._connection.process_data_events(time_limit=0)

    def close(self) -> None:
        if self._connection is not None and self._connection.is_open:
            # Closing a broken connection must not mask the error that broke it.
            with suppress(Exception):
                self._connection.close()
        self._connection = None
        self._channel = None

    def __enter__(self) -> "ConfirmedPublisher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
