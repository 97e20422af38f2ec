"""-j objects are valid UTF-8 JSON even when the capture's bytes are not UTF-8."""

from __future__ import annotations

import json

from sysdigpy.format.jsonl import dumps


def test_bytes_that_are_not_utf8_become_replacement_characters() -> None:
    name = b"/tmp/\xff\xfeok".decode("utf-8", "surrogateescape")
    text = dumps({"evt.info": f"name={name} ", "evt.num": 1})
    assert json.loads(text) == {"evt.info": "name=/tmp/\ufffd\ufffdok ", "evt.num": 1}


def test_valid_text_is_kept_as_it_is() -> None:
    assert dumps({"a": "é\n", "b": None, "c": 3}) == '{"a":"é\\n","b":null,"c":3}'
