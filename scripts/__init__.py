"""The project's tools. A package so that the tests import the harness the tools use
(``from scripts import harness``) rather than keep a copy of it."""
