from marsad.cli.main import run

run()
