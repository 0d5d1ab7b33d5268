"""The message catalogue: keys are namespaced by file, slots are checked."""

from __future__ import annotations

import pytest

from kb.messages import MessageError, catalogue, msg

pytestmark = pytest.mark.unit


def test_every_file_is_a_namespace() -> None:
    assert catalogue()["common.error_prefix"] == "错误："
    assert all("." in key for key in catalogue())


def test_unknown_key_and_missing_slot_are_errors() -> None:
    with pytest.raises(MessageError, match="no message"):
        msg("common.no_such_key")
    with pytest.raises(MessageError, match="needs slot 'command'"):
        msg("common.run_command")
    assert msg("common.run_command", command="policykb build").endswith("policykb build")
