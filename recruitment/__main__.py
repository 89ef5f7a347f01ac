from recruitment.cli import main

main(prog_name="python -m recruitment")
