// promotional_scheme form: behaviour is server-side (see promotional_scheme.py).
