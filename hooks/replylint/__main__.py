from replylint.cli import main

raise SystemExit(main())
