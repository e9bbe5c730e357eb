"""Connecting to Neo4j, and every failure said in one sentence.

:func:`connect` opens a driver and checks, before anything is written, that the
server answers, accepts the credentials, has the database and is recent enough.
:func:`explain` turns a driver exception into a :class:`MirrorError` whose
message names the problem and the fix; it never holds the password.

    >>> from neo4j.exceptions import ServiceUnavailable
    >>> print(explain(ServiceUnavailable("refused"), "bolt://db", "neo4j"))  # doctest: +ELLIPSIS
    cannot reach a Neo4j server at bolt://db: is it running, and is that its Bolt port ...?
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import neo4j
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

__all__ = [
    "MIN_MAJOR_VERSION",
    "MirrorError",
    "check_uri",
    "connect",
    "explain",
    "friendly_errors",
    "redact",
]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: Neo4j 5 (or a calendar version, 2025.01 and later) is needed: IF NOT EXISTS
#: schema commands, EXISTS and COLLECT subqueries
MIN_MAJOR_VERSION = 5


class MirrorError(Exception):
    """A problem the user can fix, said in one sentence."""


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0].rstrip(".") if (text or "").strip() else ""


def redact(uri: str) -> str:
    """``uri`` without the user name and password it may hold, for messages.

    >>> redact("neo4j://neo4j:s3cret@db:7687"), redact("bolt://db")
    ('neo4j://db:7687', 'bolt://db')
    """
    head, sep, rest = uri.partition("://")
    if not sep:
        return uri
    authority, slash, path = rest.partition("/")
    return f"{head}://{authority.rpartition('@')[2]}{slash}{path}"


def check_uri(uri: str) -> str:
    """``uri`` if it is a Bolt address the driver can use; else :class:`MirrorError`
    with one sentence that never repeats a password the address holds.

    >>> check_uri("neo4j://localhost:notaport")
    Traceback (most recent call last):
    ...
    graph.mirror.connect.MirrorError: neo4j://localhost:notaport has a port that is not a number ...
    >>> check_uri("neo4j://[::1")
    Traceback (most recent call last):
    ...
    graph.mirror.connect.MirrorError: neo4j://[::1 is not a usable Neo4j address (Invalid IPv6 ...
    """
    shown = redact(uri)
    try:
        parts = urlsplit(uri)
    except ValueError as error:
        raise MirrorError(
            f"{shown} is not a usable Neo4j address ({error}): use e.g. "
            "neo4j://localhost:7687 or neo4j://[::1]:7687"
        ) from None
    if parts.scheme not in SCHEMES:
        raise MirrorError(
            f"{shown} is not a Neo4j Bolt address: use neo4j://host:7687 or "
            "bolt://host:7687 (+s for TLS)"
        )
    if "@" in parts.netloc:
        raise MirrorError(
            f"the Neo4j address {shown} holds a user name or password: leave them "
            "out of it and give them with NEO4J_USERNAME and NEO4J_PASSWORD (or "
            "--username, --password-stdin)"
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 0 < port < 65536:
        raise MirrorError(
            f"{shown} has a port that is not a number from 1 to 65535: use e.g. "
            "neo4j://localhost:7687"
        )
    if not parts.hostname:
        raise MirrorError(f"{shown} names no host: use e.g. neo4j://localhost:7687")
    return uri


@dataclass(frozen=True)
class _Case:
    """A kind of driver failure and its sentence: it matches an error of one of
    ``errors``, or with one of ``codes``, or a code starting with one of ``prefixes``;
    and, when set, only once the server had answered (``after_connecting``) or with
    ``message_has`` in the server's message."""

    sentence: str
    errors: tuple[type[BaseException], ...] = ()
    codes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    after_connecting: bool = False
    message_has: str = ""

    def matches(self, error: BaseException, code: str, message: str, connected: bool) -> bool:
        said = (
            isinstance(error, self.errors) or code in self.codes or code.startswith(self.prefixes)
        )
        return said and (connected or not self.after_connecting) and self.message_has in message


#: the failures, first match wins; the sentences name ``{uri}`` (no password), ``{username}``,
#: ``{where}`` (the database), ``{code}``, ``{said}`` (the error's first line), ``{message}``
#: (the server message's) and ``{reason}`` (the message's, else the error's)
_CASES = (
    _Case(
        "{uri} is not a usable Neo4j address: {said}",
        errors=(ConfigurationError,),
    ),
    _Case(
        "lost the Neo4j server at {uri} in the middle of the work: once it is back, run the "
        "same command again (a sync re-sends what was cut short)",
        errors=(ServiceUnavailable, SessionExpired),
        after_connecting=True,
    ),
    _Case(
        "cannot reach a Neo4j server at {uri}: is it running, and is that its Bolt port "
        "(7687 unless set otherwise)?",
        errors=(ServiceUnavailable, SessionExpired),
    ),
    _Case(
        "the password of Neo4j user {username!r} has expired: set a new one in Neo4j Browser "
        "or cypher-shell, then use it here",
        codes=("Neo.ClientError.Security.CredentialsExpired",),
    ),
    _Case(
        "Neo4j at {uri} rejected user {username!r} with the password given: check "
        "NEO4J_USERNAME and NEO4J_PASSWORD (or --username, --password-stdin)",
        errors=(AuthError,),
        prefixes=("Neo.ClientError.Security.Unauthorized",),
    ),
    _Case(
        "{where} does not exist on {uri}: create it (CREATE DATABASE, Enterprise only) or "
        "leave out --database / NEO4J_DATABASE to use the default one",
        codes=("Neo.ClientError.Database.DatabaseNotFound",),
    ),
    _Case(
        "Neo4j user {username!r} may not do this on {where} ({message}): ask for write and "
        "schema privileges",
        prefixes=("Neo.ClientError.Security.",),
    ),
    _Case(
        "{where} holds nodes that break papergraph's uniqueness constraints (two :Paper nodes "
        "with the same id?): sync into an empty database",
        codes=(
            "Neo.ClientError.Schema.ConstraintValidationFailed",
            "Neo.ClientError.Schema.ConstraintCreationFailed",
        ),
    ),
    _Case(
        "the server at {uri} has no Graph Data Science plugin (no gds.* procedures): install "
        "GDS into its plugins/ folder (make neo4j-up does) or skip cypher/gds/",
        codes=("Neo.ClientError.Procedure.ProcedureNotFound",),
        message_has="gds.",
    ),
    _Case(
        "the server at {uri} lacks a feature papergraph needs ({code}): use Neo4j "
        f"{MIN_MAJOR_VERSION} or later",
        prefixes=(
            "Neo.ClientError.Statement.SyntaxError",
            "Neo.ClientError.Procedure.ProcedureNotFound",
            "Neo.ClientError.Statement.FeatureNotSupported",
            "Neo.ClientError.Statement.UnsupportedOperation",
        ),
    ),
    _Case(
        "{where} on {uri} is not available right now ({message}): try again once it is online",
        prefixes=("Neo.TransientError.", "Neo.ClientError.Database.DatabaseUnavailable"),
    ),
    _Case(
        "Neo4j refused a papergraph statement ({code}): {reason}",
        errors=(Neo4jError,),
    ),
)
_OTHERWISE = "the Neo4j driver failed talking to {uri}: {said}"


def explain(
    error: BaseException,
    uri: str,
    username: str | None,
    database: str | None = None,
    *,
    connected: bool = False,
) -> MirrorError:
    """The one-sentence :class:`MirrorError` for a driver exception (the sentence of the
    first of ``_CASES`` it matches); ``connected``: the server had answered before (so an
    unreachable one went away).

    >>> class NotFound(Exception):
    ...     code = "Neo.ClientError.Database.DatabaseNotFound"
    >>> print(explain(NotFound(), "bolt://user:pw@db", "neo4j", "papers"))  # doctest: +ELLIPSIS
    database 'papers' does not exist on bolt://db: create it (CREATE DATABASE, ...
    """
    if isinstance(error, MirrorError):
        return error
    code = getattr(error, "code", None) or ""
    message = getattr(error, "message", "") or ""
    sentence = next(
        (case.sentence for case in _CASES if case.matches(error, code, message, connected)),
        _OTHERWISE,
    )
    return MirrorError(
        sentence.format(
            uri=redact(uri),
            username=username,
            where=f"database {database!r}" if database else "the default database",
            code=code or "no code",
            said=_first_line(str(error)),
            message=_first_line(message),
            reason=_first_line(message or str(error)),
        )
    )


@contextmanager
def friendly_errors(
    uri: str, username: str | None, database: str | None = None, *, connected: bool = False
) -> Iterator[None]:
    """Re-raise driver exceptions inside the block as one-sentence :class:`MirrorError`
    (``connected``: see :func:`explain`)."""
    try:
        yield
    except (DriverError, Neo4jError) as error:
        raise explain(error, uri, username, database, connected=connected) from None


@contextmanager
def _unreachable(uri: str) -> Iterator[None]:
    """The driver's own address resolution raises ``ValueError`` (an unknown service
    name, say): one sentence instead."""
    try:
        yield
    except (ValueError, OSError) as error:
        raise MirrorError(
            f"cannot reach a Neo4j server at {redact(uri)}: {_first_line(str(error))}"
        ) from None


def _major_version(agent: str) -> int | None:
    """``5`` for ``"Neo4j/5.26.1"``, ``2025`` for ``"Neo4j/2025.01.0"``, else ``None``.

    >>> _major_version("Neo4j/4.4.30"), _major_version("Neo4j/2025.01.0"), _major_version("x")
    (4, 2025, None)
    """
    match = re.match(r"Neo4j/v?(\d+)\.", agent or "")
    return int(match.group(1)) if match else None


def connect(
    uri: str,
    username: str | None = "neo4j",
    password: str | None = None,
    *,
    database: str | None = None,
    **config: Any,
) -> neo4j.Driver:
    """A driver checked against the server: reachable, credentials accepted, database
    present, Neo4j 5 or later. Raises :class:`MirrorError` otherwise (and closes it).

    ``password`` ``None`` connects without authentication (a server run with
    ``NEO4J_AUTH=none``). ``config`` goes to :func:`neo4j.GraphDatabase.driver`.

    >>> connect("http://localhost:7474")
    Traceback (most recent call last):
    ...
    graph.mirror.connect.MirrorError: http://localhost:7474 is not a Neo4j Bolt address: ...
    """
    check_uri(uri)
    auth = (username or "neo4j", password) if password is not None else None
    config.setdefault("connection_timeout", 15.0)
    config.setdefault("max_transaction_retry_time", 15.0)
    with friendly_errors(uri, username, database), _unreachable(uri):
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, **config)
    try:
        with friendly_errors(uri, username, database), _unreachable(uri):
            driver.verify_connectivity()
            major = _major_version(driver.get_server_info().agent)
            if major is not None and major < MIN_MAJOR_VERSION:
                raise MirrorError(
                    f"the server at {uri} runs Neo4j {major}, and papergraph needs Neo4j "
                    f"{MIN_MAJOR_VERSION} or later (IF NOT EXISTS schema, EXISTS subqueries)"
                )
            driver.execute_query("RETURN 1", database_=database, routing_=neo4j.RoutingControl.READ)
    except BaseException:
        driver.close()
        raise
    return driver
