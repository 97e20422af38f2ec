from sysdigpy.launch import main

main()
