import Fascia
print(try zones().count)
