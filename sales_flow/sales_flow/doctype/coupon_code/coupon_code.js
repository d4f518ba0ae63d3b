// coupon_code form: behaviour is server-side (see coupon_code.py).
