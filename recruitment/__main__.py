from recruitment.cli import run

run()
