"""The bundled `starter-choice` suite: tasks.jsonl, original SWE-Lancer-Manager-style choices."""
