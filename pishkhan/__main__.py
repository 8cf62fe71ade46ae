from pishkhan.cli import main

raise SystemExit(main())
