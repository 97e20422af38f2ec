from sysdigpy.cli import main

main()
