"""The rule about suppression comments themselves; the engine applies them (replylint.suppress)."""

from __future__ import annotations

from replylint.model import Severity
from replylint.rules.base import Rule

UNUSED_SUPPRESSION_DOC = """
## What it does
Reports a suppression comment that silences nothing (the rule it names found nothing there),
that gives no reason, that names an unknown rule, or that is misspelt. A suppression without a
reason silences nothing.

Suppressions are written where the text is:

- in a message body, as a maintainer note:
  `<!-- replylint-disable-next-line link -- carrier tracking page is required -->` covers the
  next line that is not blank; `<!-- replylint-disable-file link -- reason -->` covers the file;
- in YAML (a YAML file, or a Markdown template's front matter), as a comment:
  `# replylint: disable=link -- reason` at the end of a line covers that line; on a line of its
  own it covers the next line, and when that line holds a key, the key's whole value, so a
  comment above `body: |` covers the whole body; `# replylint: disable-file=link -- reason`
  covers the file. Inside a YAML block scalar a `#` line is message text, so use the HTML note
  form there to address one line.

Several rules are separated by commas: `disable=link, html -- reason`.

## Why it matters
A finding may be silenced only where a person has judged it, with the reason written down for
the next reviewer. A suppression that no longer silences anything hides the next real problem
on that line, and one without a reason cannot be reviewed.

## Example
```markdown
---
id: pickup-hours
locale: en-US
purpose: customer-service
---
<!-- replylint-disable-next-line too-long -- long legal text -->
Our pickup counter is open from 9 am to 5 pm, Monday to Friday.
```

## Use instead
```markdown
---
id: pickup-hours
locale: en-US
purpose: customer-service
---
Our pickup counter is open from 9 am to 5 pm, Monday to Friday.
```

## Options
None. Ignore the rule (`ignore: [unused-suppression]`) to stop checking suppressions.
"""

unused_suppression = Rule(
    "unused-suppression",
    Severity.WARNING,
    "a suppression comment silences nothing or gives no reason",
    UNUSED_SUPPRESSION_DOC.strip(),
    None,
)

RULES: tuple[Rule, ...] = (unused_suppression,)
