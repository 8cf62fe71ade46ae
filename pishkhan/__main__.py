from pishkhan.cli import run

run()
